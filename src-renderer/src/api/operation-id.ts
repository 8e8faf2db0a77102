/** A fresh id for one long operation, matching the contract's operationId pattern. */
export function newOperationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
