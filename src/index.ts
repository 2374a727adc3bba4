// The Action's entry point: everything lives in main.ts so it can be tested.
import { run } from './main.ts';

await run();
