import type { Client } from 'pg';

type Change = (client: Client) => Promise<void>;

const STATUSES = ['paid', 'shipped', 'delivered'];
const CITIES = ['Berlin', 'Lisbon', 'Oslo', 'Austin', 'Osaka', 'Lima', 'Accra'];
const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)];

/** A new order with 1–4 lines, its total from the lines. */
const newOrder: Change = async (client) => {
	const order = await client.query<{ id: string }>(
		`INSERT INTO orders (ordered_at, customer_id, status, total)
		 VALUES (now(), (SELECT id FROM customers ORDER BY random() LIMIT 1), 'new', 0) RETURNING id`,
	);
	const id = order.rows[0].id;
	const lines = 1 + Math.floor(Math.random() * 4);
	await client.query(
		`INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price)
		 SELECT $1, l, p.id, 1 + (random() * 3)::int, p.price
		 FROM generate_series(1, $2::int) AS l
		 CROSS JOIN LATERAL (SELECT id, price FROM products WHERE l > 0 ORDER BY random() LIMIT 1) p`,
		[id, lines],
	);
	await client.query(
		`UPDATE orders SET total = (SELECT sum(quantity * unit_price) FROM order_items WHERE order_id = $1)
		 WHERE id = $1`,
		[id],
	);
};

const advanceOrder: Change = async (client) => {
	await client.query(
		'UPDATE orders SET status = $1 WHERE id = (SELECT id FROM orders ORDER BY random() LIMIT 1)',
		[pick(STATUSES)],
	);
};

/** A cancelled order: its lines and the order go. */
const cancelOrder: Change = async (client) => {
	const found = await client.query<{ id: string }>(
		'SELECT id FROM orders ORDER BY random() LIMIT 1',
	);
	if (!found.rowCount) return;
	await client.query('DELETE FROM order_items WHERE order_id = $1', [found.rows[0].id]);
	await client.query('DELETE FROM orders WHERE id = $1', [found.rows[0].id]);
};

/** Back-dated by a month: the row moves to another partition and its key (id, ordered_at) changes. */
const backdateOrder: Change = async (client) => {
	await client.query(
		`UPDATE orders SET ordered_at = ordered_at - interval '31 days'
		 WHERE id = (SELECT id FROM orders ORDER BY random() LIMIT 1)`,
	);
};

const customerMoves: Change = async (client) => {
	await client.query(
		'UPDATE customers SET city = $1 WHERE id = (SELECT id FROM customers ORDER BY random() LIMIT 1)',
		[pick(CITIES)],
	);
};

const newCustomer: Change = async (client) => {
	await client.query(
		`INSERT INTO customers (name, email, city)
		 SELECT 'Customer ' || n, 'customer' || n || '@example.com', $1
		 FROM (SELECT coalesce(max(id), 0) + 1 AS n FROM customers) s`,
		[pick(CITIES)],
	);
};

const repriceProduct: Change = async (client) => {
	await client.query(
		`UPDATE products SET price = round((price * (0.9 + random() * 0.2))::numeric, 2), in_stock = random() > 0.1
		 WHERE id = (SELECT id FROM products ORDER BY random() LIMIT 1)`,
	);
};

const pageViews: Change = async (client) => {
	await client.query(
		`INSERT INTO page_views (customer_id, path)
		 SELECT (SELECT id FROM customers ORDER BY random() LIMIT 1), '/products/' || (1 + (random() * 39)::int)
		 FROM generate_series(1, 1 + (random() * 5)::int)`,
	);
};

/** The oldest views expire (deletes on the table without a primary key). */
const expireViews: Change = async (client) => {
	await client.query(
		'DELETE FROM page_views WHERE id IN (SELECT id FROM page_views ORDER BY id LIMIT 3)',
	);
};

/** Weighted: mostly new orders and page views, some updates and deletes. */
const CHANGES: Array<[Change, number]> = [
	[newOrder, 5],
	[advanceOrder, 4],
	[cancelOrder, 1],
	[backdateOrder, 1],
	[customerMoves, 2],
	[newCustomer, 1],
	[repriceProduct, 1],
	[pageViews, 5],
	[expireViews, 2],
];

function pickChange(): Change {
	const total = CHANGES.reduce((sum, [, weight]) => sum + weight, 0);
	let roll = Math.random() * total;
	for (const [change, weight] of CHANGES) {
		roll -= weight;
		if (roll < 0) return change;
	}
	return CHANGES[0][0];
}

export interface Generator {
	/** Transactions committed so far. */
	readonly committed: number;
	/** Why the generator stopped on its own (the source went away), if it did. */
	readonly failure: Error | undefined;
	stop(): Promise<void>;
}

/** Commits one transaction of 1–3 random shop changes every `intervalMs` until stopped. */
export function startGenerator(client: Client, intervalMs = 250): Generator {
	let stopped = false;
	let committed = 0;
	let failure: Error | undefined;
	const loop = (async () => {
		while (!stopped) {
			await client.query('BEGIN');
			try {
				for (let count = 1 + Math.floor(Math.random() * 3); count > 0; count--)
					await pickChange()(client);
				await client.query('COMMIT');
				committed++;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => undefined);
				throw new Error(`the demo's change generator failed: ${(error as Error).message}`);
			}
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
		}
	})().catch((error: Error) => {
		failure = error;
	});
	return {
		get committed() {
			return committed;
		},
		get failure() {
			return failure;
		},
		async stop() {
			stopped = true;
			await loop;
		},
	};
}
