import { differingRows, type TableStatus } from './tableStatus';

function bytes(value: number | undefined): string {
	if (value === undefined) return 'no slot yet';
	if (value < 1024) return `${value} B`;
	if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
	return `${(value / 1024 / 1024).toFixed(1)} MiB`;
}

/** One line per table: source rows, target rows, rows differing, replication lag. */
export function statusLines(statuses: TableStatus[], lagBytes: number | undefined): string[] {
	const width = Math.max(...statuses.map((status) => status.table.length));
	return statuses.map((status) => {
		const target = status.targetRows === undefined ? '(none yet)' : String(status.targetRows);
		const detail =
			differingRows(status) === 0
				? ''
				: ` (missing ${status.missing}, extra ${status.extra}, other values ${status.differing})`;
		return `  ${status.table.padEnd(width)}  source ${String(status.sourceRows).padStart(6)}  target ${target.padStart(6)}  differing ${String(differingRows(status)).padStart(5)}${detail}  lag ${bytes(lagBytes)}`;
	});
}
