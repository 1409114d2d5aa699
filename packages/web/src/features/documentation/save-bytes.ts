import { downloadFile } from '../shared/download-file.ts';

/** Hands bytes to the browser as a download named `name`; nothing leaves the device. */
export function saveBytes(bytes: Uint8Array, name: string, type: string): void {
  downloadFile(bytes as Uint8Array<ArrayBuffer>, name, type);
}
