import { splitDottedName } from '../../../nodes/shared/text/dottedName';

describe('splitDottedName', () => {
	it('splits on dots outside quotes; quoted parts keep dots, spaces and doubled quotes', () => {
		expect(splitDottedName('"My Schema"."a.b""c"')).toEqual({
			parts: [
				{ text: 'My Schema', quoted: true },
				{ text: 'a.b"c', quoted: true },
			],
		});
		expect(splitDottedName('public.Orders')).toEqual({
			parts: [
				{ text: 'public', quoted: false },
				{ text: 'Orders', quoted: false },
			],
		});
	});

	it('returns unquoted parts as written, empty ones included, for the caller to judge', () => {
		expect(splitDottedName('a b.')).toEqual({
			parts: [
				{ text: 'a b', quoted: false },
				{ text: '', quoted: false },
			],
		});
	});

	it('names what is wrong with the quoting', () => {
		expect(splitDottedName('"open')).toEqual({ problem: 'unclosedQuote' });
		expect(splitDottedName('"a"b')).toEqual({ problem: 'textAfterQuote' });
	});
});
