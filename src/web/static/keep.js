// Keeping the work on this device, only when the organizer ticks "Keep my work on this device":
// the session (a project, as JSON) encrypted with AES-GCM under a key that Web Crypto generates
// as non-extractable and IndexedDB keeps (a script can use it, never read it). IndexedDB closes a
// transaction at any other await, so each read or write is one transaction of its own, done after
// the encryption has finished.

const DATABASE = 'circle-composer-keep';
const STORE = 'kept';

function request(r) {
  return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}

async function database() {
  const open = indexedDB.open(DATABASE, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  return request(open);
}

async function get(db, name) {
  return request(db.transaction(STORE, 'readonly').objectStore(STORE).get(name));
}

async function put(db, name, value) {
  const transaction = db.transaction(STORE, 'readwrite');
  transaction.objectStore(STORE).put(value, name);
  return new Promise((resolve, reject) => { transaction.oncomplete = resolve; transaction.onerror = () => reject(transaction.error); });
}

async function key(db) {
  const kept = await get(db, 'key');
  if (kept) return kept;
  const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await put(db, 'key', made);
  return made;
}

// One operation at a time, in order: two first saves must not each make a key, and an older
// session must never land after a newer one.
let queue = Promise.resolve();
function inTurn(operation) {
  const next = queue.then(operation, operation);
  queue = next.catch(() => {});
  return next;
}

/** Encrypts and keeps `bytes` (a Uint8Array), replacing what was kept. */
export function keepSession(bytes) {
  return inTurn(() => save(bytes));
}

async function save(bytes) {
  const db = await database();
  try {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(db), bytes));
    await put(db, 'session', { iv, data });
  } finally {
    db.close();
  }
}

/** The kept session's bytes, or null when nothing is kept. */
export function keptSession() {
  return inTurn(load);
}

/** Whether work may be kept: false when the browser lists its databases and this one is not
 * among them; opening it to look would create it. */
export async function mayHaveKept() {
  if (!('indexedDB' in self)) return false;
  if (!indexedDB.databases) return true;
  return (await indexedDB.databases().catch(() => [])).some(d => d.name === DATABASE);
}

async function load() {
  if (!(await mayHaveKept())) return null;
  const db = await database();
  try {
    const [kept, k] = [await get(db, 'session'), await get(db, 'key')];
    if (!kept || !k) return null;
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: kept.iv }, k, kept.data));
  } finally {
    db.close();
  }
}

/** Forgets the kept session and its key. */
export function forgetSession() {
  return inTurn(() => request(indexedDB.deleteDatabase(DATABASE)));
}
