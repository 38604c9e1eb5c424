import { randomUUID } from 'node:crypto';

/** The form parameters of an awsQuery request (`Action=…&Version=…&Name=value…`). */
export function parseQueryForm(body: string): URLSearchParams {
	return new URLSearchParams(body);
}

/** Members of an awsQuery list: `Name.Member.1`, `Name.Member.2`, … in order. */
export function queryList(form: URLSearchParams, name: string, member: string): string[] {
	const values: string[] = [];
	for (let index = 1; form.has(`${name}.${member}.${index}`); index++)
		values.push(form.get(`${name}.${member}.${index}`) ?? '');
	return values;
}

export function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const NAMESPACE = 'http://redshift.amazonaws.com/doc/2012-12-01/';

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` as the Redshift API answers. */
export function queryResponse(action: string, members: Record<string, string>): string {
	const fields = Object.entries(members)
		.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
		.join('');
	return (
		`<${action}Response xmlns="${NAMESPACE}"><${action}Result>${fields}</${action}Result>` +
		`<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
	);
}

/** The awsQuery error document the SDK maps to the modelled fault by its `Code`. */
export function queryError(code: string, message: string, status: number): string {
	const type = status >= 500 ? 'Receiver' : 'Sender';
	return (
		`<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
		`<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
	);
}
