// Defines every registered widget's custom element <vae-NAME>; each loads its code from src/widgets/NAME/NAME.ts when it starts.
import { WIDGETS } from './registry.ts';
import { WidgetElement, type WidgetImpl } from './runtime/widget-element.ts';

// Lazy loaders for every module one folder down; only src/widgets/NAME/NAME.ts is ever called for widget NAME.
const modules = import.meta.glob<WidgetImpl>(['./*/*.ts', '!./runtime/*.ts', '!./shared/*.ts']);

/** The loader of widget `name`'s setup module, or an error that says which file is missing. */
export function setupLoader(name: string): () => Promise<WidgetImpl> {
  const load = modules[`./${name}/${name}.ts`];
  if (!load) throw new Error(`Widget "${name}" is registered but src/widgets/${name}/${name}.ts does not exist.`);
  return load;
}

for (const info of WIDGETS) {
  const tag = `vae-${info.name}`;
  if (customElements.get(tag)) continue;
  customElements.define(
    tag,
    class extends WidgetElement {
      readonly widgetName = info.name;
      protected override readonly needsTf = info.needsTf ?? true;
      protected loadImpl(): Promise<WidgetImpl> {
        return setupLoader(info.name)();
      }
    },
  );
}
