// The cross-engine suite in Firefox (headless, WebDriver BiDi). Run: node tests/engines/run.ts firefox
import { engineSuite } from './suite.ts';

engineSuite('firefox', Number(process.env.ENGINES_PORT || 4420));
