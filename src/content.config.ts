// Content collections: the book's chapters and its appendix pages (notation, further reading).
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const page = {
  title: z.string().min(1),
  description: z.string().min(1),
  summary: z.string().min(1),
};

const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters', generateId: ({ entry }) => entry.replace(/\.mdx$/, '').replace(/^\d+-/, '') }),
  schema: z.object({ ...page, order: z.number().int().positive() }),
});

const appendix = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/appendix', generateId: ({ entry }) => entry.replace(/\.mdx$/, '') }),
  schema: z.object(page),
});

export const collections = { chapters, appendix };
