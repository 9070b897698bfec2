import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashSecret } from '../credentials.ts';
import { CHECKPOINT_RETRY_MS, DATABASE_FILE, openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir = mkdtempSync(join(tmpdir(), 'koersbord-store-'))): {
	store: Store;
	dir: string;
} {
	if (!dirs.includes(dir)) dirs.push(dir);
	const store = openSqliteStore(dir);
	stores.push(store);
	return { store, dir };
}

function addSession(store: Store, id = 's1', joinCode = 'ABC234'): void {
	store.createSession({
		id,
		joinCode,
		facilitatorKeyHash: hashSecret('fk'),
		screenKeyHash: hashSecret('sk'),
		createdAt: 1
	});
}

/** Makes `count` real Yjs updates, each adding one entry to a map. */
function updates(count: number): Uint8Array[] {
	const doc = new Y.Doc();
	const out: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => out.push(update));
	for (let i = 0; i < count; i++) doc.getMap('m').set(`k${i}`, i);
	return out;
}

function stateOf(list: Uint8Array[]): Record<string, unknown> {
	const doc = new Y.Doc();
	for (const update of list) Y.applyUpdate(doc, update);
	return doc.getMap('m').toJSON();
}

describe('the SQLite store', () => {
	it('keeps sessions, participants and updates across a reopen', () => {
		const { store, dir } = open();
		addSession(store);
		store.addParticipant({ sessionId: 's1', id: 'p1', tokenHash: hashSecret('t'), createdAt: 2 });
		for (const update of updates(3)) store.appendUpdate('s1', update);
		store.close();
		stores.pop();

		const reopened = open(dir).store;
		expect(reopened.findSessionByJoinCode('ABC234')?.id).toBe('s1');
		expect(reopened.getParticipant('s1', 'p1')?.tokenHash.equals(hashSecret('t'))).toBe(true);
		expect(stateOf(reopened.loadUpdates('s1'))).toEqual({ k0: 0, k1: 1, k2: 2 });
	});

	it('counts the log as it grows and compacts it into one update with the same state', () => {
		const { store } = open();
		addSession(store);
		const list = updates(10);
		let length = 0;
		for (const update of list) length = store.appendUpdate('s1', update);
		expect(length).toBe(10);
		const merged = Y.mergeUpdates(store.loadUpdates('s1'));
		store.compact('s1', merged);
		expect(store.loadUpdates('s1')).toHaveLength(1);
		expect(stateOf(store.loadUpdates('s1'))).toEqual(stateOf(list));
		expect(store.appendUpdate('s1', updates(1)[0]!)).toBe(2);
	});

	it('refuses a second session with the same join code', () => {
		const { store } = open();
		addSession(store, 's1', 'ABC234');
		expect(() => addSession(store, 's2', 'ABC234')).toThrow(/UNIQUE/);
	});

	it('records an intent once per actor', () => {
		const { store } = open();
		addSession(store);
		expect(store.recordIntent('s1', 'p:a', 'i1', 5)).toBe(true);
		expect(store.recordIntent('s1', 'p:a', 'i1', 6)).toBe(false);
		expect(store.recordIntent('s1', 'p:b', 'i1', 6)).toBe(true);
		expect(store.hasIntent('s1', 'p:a', 'i1')).toBe(true);
		expect(store.hasIntent('s1', 'p:a', 'i2')).toBe(false);
	});

	it('leaves nothing of a deleted session, not even in the database file', () => {
		const { store, dir } = open();
		addSession(store, 's1', 'ABC234');
		addSession(store, 's2', 'XYZ789');
		store.addParticipant({ sessionId: 's1', id: 'p1', tokenHash: hashSecret('t'), createdAt: 2 });
		const doc = new Y.Doc();
		doc.on('update', (update: Uint8Array) => store.appendUpdate('s1', update));
		doc.getText('t').insert(0, 'GEHEIMDILEMMA');
		store.recordIntent('s1', 'p:p1', 'i1', 3);

		expect(store.deleteSession('s1')).toBe(true);
		expect(store.getSession('s1')).toBeUndefined();
		expect(store.getParticipant('s1', 'p1')).toBeUndefined();
		expect(store.loadUpdates('s1')).toEqual([]);
		expect(store.hasIntent('s1', 'p:p1', 'i1')).toBe(false);
		expect(store.getSession('s2')).toBeDefined();
		expect(store.deleteSession('s1')).toBe(false);
		const file = readFileSync(join(dir, DATABASE_FILE));
		expect(file.includes(Buffer.from('GEHEIMDILEMMA'))).toBe(false);
	});

	it('erases while a backup reads without waiting for it, and empties the log once it is done', async () => {
		const { store, dir } = open();
		addSession(store, 's1', 'ABC234');
		const doc = new Y.Doc();
		doc.on('update', (update: Uint8Array) => store.appendUpdate('s1', update));
		doc.getText('t').insert(0, 'GEHEIMDILEMMA');
		const database = join(dir, DATABASE_FILE);
		const holding = (): boolean =>
			[database, `${database}-wal`].some(
				(file) => existsSync(file) && readFileSync(file).includes('GEHEIMDILEMMA')
			);
		// What scripts/backup.mjs holds while it copies: a second connection, one read transaction.
		const backup = new Database(database, { readonly: true, fileMustExist: true });
		backup.exec('BEGIN');
		backup.prepare('SELECT count(*) FROM updates').get();

		// The erasure returns with its checkpoint held up by the reader's snapshot (a checkpoint
		// that waited would have waited the busy timeout through, as the reader is on this thread).
		expect(store.deleteSession('s1')).toBe(true);
		expect(store.getSession('s1')).toBeUndefined();
		expect(holding()).toBe(true);
		expect(store.checkpoint()).toBe(false);

		// Once the backup is done, the store's own retry finishes the erasure.
		backup.exec('COMMIT');
		backup.close();
		await expect.poll(holding, { timeout: 5 * CHECKPOINT_RETRY_MS, interval: 50 }).toBe(false);
		expect(statSync(`${database}-wal`).size).toBe(0);
	});

	it('waits for a reader of the log only as long as asked, as a stop does', () => {
		const { store, dir } = open();
		addSession(store);
		const reader = new Database(join(dir, DATABASE_FILE), { readonly: true, fileMustExist: true });
		reader.exec('BEGIN');
		reader.prepare('SELECT count(*) FROM sessions').get();
		store.deleteSession('s1');
		expect(store.checkpoint({ waitMs: 50 })).toBe(false);
		reader.exec('COMMIT');
		reader.close();
		expect(store.checkpoint({ waitMs: 50 })).toBe(true);
		expect(store.checkpoint()).toBe(true);
	});

	it('keeps a results link as a hash until it is replaced or removed, also in a store made before links', () => {
		// A store as the first releases made it: sessions without the results-link columns.
		const dir = mkdtempSync(join(tmpdir(), 'koersbord-store-'));
		const old = new Database(join(dir, DATABASE_FILE));
		old.exec(`CREATE TABLE sessions (
			id TEXT PRIMARY KEY, join_code TEXT NOT NULL UNIQUE, facilitator_key_hash BLOB NOT NULL,
			screen_key_hash BLOB NOT NULL, created_at INTEGER NOT NULL) STRICT`);
		old
			.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?)')
			.run('s0', 'OLD234', hashSecret('fk'), hashSecret('sk'), 1);
		old.close();

		const { store } = open(dir);
		expect(store.getSession('s0')?.resultsKey).toBeUndefined();
		store.setResultsKey('s0', { hash: hashSecret('rk_1'), createdAt: 5 });
		expect(store.getSession('s0')?.resultsKey?.hash.equals(hashSecret('rk_1'))).toBe(true);
		store.setResultsKey('s0', { hash: hashSecret('rk_2'), createdAt: 6 });
		expect(store.getSession('s0')?.resultsKey).toEqual({ hash: hashSecret('rk_2'), createdAt: 6 });
		store.setResultsKey('s0', undefined);
		expect(store.getSession('s0')?.resultsKey).toBeUndefined();
	});
});
