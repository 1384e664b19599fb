// Placeholder while the attributes widget is written.
export async function setup(): Promise<() => void> {
  throw new Error('The attributes widget is still being built.');
}
