// Everything the Action prints goes through here. core.info writes its text as it is, so a list
// name or TXT with a line break and `::error::` would be run as a workflow command; core.warning
// and core.error escape line breaks but not terminal controls.
import * as core from '@actions/core';
import { printable } from '../render/escape.ts';

export const log = {
  info: (m: string): void => core.info(printable(m)),
  warning: (m: string, props?: core.AnnotationProperties): void => core.warning(printable(m), props),
  error: (m: string, props?: core.AnnotationProperties): void => core.error(printable(m), props),
  failed: (m: string): void => core.setFailed(printable(m)),
};

/** Appends to the job summary, when the runner gives one. */
export async function summarize(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
}
