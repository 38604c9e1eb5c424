/**
 * The editor's internal REST API (`/rest/...`), used the way the n8n UI uses it: a session cookie
 * (`n8n-auth`) and the same `browser-id` header on every request (n8n binds the session to it).
 */
export interface OwnerLogin {
	email: string;
	password: string;
}

export class N8nRestError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`n8n REST ${method} ${path} answered ${status}: ${body.slice(0, 2000)}`);
	}
}

export class N8nRest {
	private cookie: string | undefined;
	private readonly browserId = 'n8n-nodes-redshift-cdc-e2e';

	constructor(private readonly baseUrl: string) {}

	/** Creates the instance owner (first start of a user folder) and keeps its session cookie. */
	async setupOwner(owner: OwnerLogin): Promise<void> {
		await this.request('POST', '/rest/owner/setup', {
			email: owner.email,
			firstName: 'E2E',
			lastName: 'Owner',
			password: owner.password,
		});
	}

	async login(owner: OwnerLogin): Promise<void> {
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	}

	async get<T>(path: string): Promise<T> {
		return await this.request<T>('GET', path);
	}

	async post<T>(path: string, body: unknown): Promise<T> {
		return await this.request<T>('POST', path, body);
	}

	async patch<T>(path: string, body: unknown): Promise<T> {
		return await this.request<T>('PATCH', path, body);
	}

	/** Sends one request; a non-2xx answer throws with n8n's message. Unwraps n8n's `{ data }` envelope. */
	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.raw(method, path, body);
		const text = await response.text();
		if (!response.ok) throw new N8nRestError(method, path, response.status, text);
		const parsed = text === '' ? {} : (JSON.parse(text) as { data?: T });
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** The bare response (status checks while n8n is still starting). */
	async raw(method: string, path: string, body?: unknown): Promise<Response> {
		const headers: Record<string, string> = { 'browser-id': this.browserId };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const response = await fetch(this.baseUrl + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		for (const setCookie of response.headers.getSetCookie()) {
			const match = /^n8n-auth=([^;]*)/.exec(setCookie);
			if (match) this.cookie = `n8n-auth=${match[1]}`;
		}
		return response;
	}
}
