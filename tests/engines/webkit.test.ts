// The cross-engine suite in WebKit (WebKitGTK's MiniBrowser under xvfb-run, classic WebDriver). Run: node tests/engines/run.ts webkit
import { engineSuite } from './suite.ts';

engineSuite('webkit', Number(process.env.ENGINES_PORT || 4420) + 5);
