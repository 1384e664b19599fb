// Ordered access to the chapter collection, shared by the landing page and the chapter pages.
import { getCollection, type CollectionEntry } from 'astro:content';

/** All chapters, sorted by their `order`. */
export async function orderedChapters(): Promise<CollectionEntry<'chapters'>[]> {
  const all = await getCollection('chapters');
  return all.sort((a, b) => a.data.order - b.data.order);
}
