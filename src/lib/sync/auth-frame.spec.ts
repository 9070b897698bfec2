import type { AddressInfo } from 'node:net';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import {
	CREDENTIAL_MESSAGE_TYPE,
	credentialWebSocket,
	decodeCredentialFrame,
	encodeCredentialFrame,
	MAX_CREDENTIAL_LENGTH
} from './auth-frame.ts';

/** A frame of `type` with `text` as a varstring: what a credential frame looks like from outside. */
function frameOf(type: number, text: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarString(encoder, text);
	return encoding.toUint8Array(encoder);
}

describe('the credential frame', () => {
	it('carries a credential there and back', () => {
		const credential = `pt.abcdefghijkl.${'x'.repeat(43)}`;
		expect(decodeCredentialFrame(encodeCredentialFrame(credential))).toBe(credential);
	});

	it('uses a message type y-websocket does not (0-3)', () => {
		expect(CREDENTIAL_MESSAGE_TYPE).toBeGreaterThan(3);
		expect(encodeCredentialFrame('fk_x')[0]).toBe(CREDENTIAL_MESSAGE_TYPE);
	});

	it('reads nothing from another type, a truncated frame, trailing bytes or an odd length', () => {
		const good = encodeCredentialFrame('fk_abc');
		expect(decodeCredentialFrame(frameOf(0, 'fk_abc'))).toBeUndefined();
		expect(decodeCredentialFrame(good.subarray(0, good.length - 1))).toBeUndefined();
		expect(decodeCredentialFrame(new Uint8Array([...good, 0]))).toBeUndefined();
		expect(decodeCredentialFrame(new Uint8Array())).toBeUndefined();
		expect(decodeCredentialFrame(encodeCredentialFrame(''))).toBeUndefined();
		expect(decodeCredentialFrame(encodeCredentialFrame('x'.repeat(MAX_CREDENTIAL_LENGTH)))).toBe(
			'x'.repeat(MAX_CREDENTIAL_LENGTH)
		);
		expect(
			decodeCredentialFrame(encodeCredentialFrame('x'.repeat(MAX_CREDENTIAL_LENGTH + 1)))
		).toBeUndefined();
		// A length that claims more than the frame holds, and bytes that are no UTF-8.
		expect(
			decodeCredentialFrame(new Uint8Array([CREDENTIAL_MESSAGE_TYPE, 90, 65]))
		).toBeUndefined();
		expect(
			decodeCredentialFrame(new Uint8Array([CREDENTIAL_MESSAGE_TYPE, 2, 0xc3, 0x28]))
		).toBeUndefined();
	});
});

describe('credentialWebSocket', () => {
	it('sends the credential before anything an `onopen` handler set after construction sends', async () => {
		const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
		onTestFinished(() => new Promise<void>((resolve) => wss.close(() => resolve())));
		await new Promise((resolve) => wss.once('listening', resolve));
		const frames = new Promise<Buffer[]>((resolve) => {
			wss.once('connection', (socket) => {
				const received: Buffer[] = [];
				socket.on('message', (data: Buffer) => {
					received.push(data);
					if (received.length === 2) resolve(received);
				});
			});
		});
		// As y-websocket does: construct, then set `onopen`, which sends its first sync message.
		const Socket = credentialWebSocket(
			'fk_credential',
			WebSocket as unknown as typeof globalThis.WebSocket
		);
		const socket = new Socket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
		onTestFinished(() => socket.close());
		socket.onopen = () => socket.send(new Uint8Array([0, 0, 1, 0]));
		const [first, second] = await frames;
		expect(decodeCredentialFrame(first!)).toBe('fk_credential');
		expect([...second!]).toEqual([0, 0, 1, 0]);
	});
});
