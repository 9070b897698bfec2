/**
 * Downloads a file from our API. The credential travels in a header, never in the URL (where it
 * would end up in history and logs), so the file comes through fetch and an object URL.
 * Resolves false when the server or the network refused.
 */
export async function downloadFile(path: string, credential: string): Promise<boolean> {
	let response: Response;
	try {
		response = await fetch(path, {
			headers: { Authorization: `Bearer ${credential}` },
			cache: 'no-store'
		});
	} catch {
		return false;
	}
	if (!response.ok) return false;
	const blob = await response.blob();
	const disposition = response.headers.get('Content-Disposition') ?? '';
	const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
	saveBlob(blob, name);
	return true;
}

/**
 * Saves a file the page has in hand under `name`, through an object URL (nothing leaves the
 * browser).
 */
export function saveBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	document.body.append(link);
	link.click();
	link.remove();
	// The browser reads the blob when the download starts; free it well after that.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
