import { ConfigError, type FleetwatchConfig, type ResolvedConfig, resolveConfig } from "@fleetwatch/config";
import { z } from "zod";
import type { MemberAccountRef } from "../accounts.js";
import { InvalidRenderInputError } from "../errors.js";
import type { RenderOptions } from "../options.js";
import { type RenderedTree, renderAll } from "../render-all.js";
import type { Topology } from "../topology.js";

// What a config version was rendered from, the accounts left out: the deploy stores it beside the version's files
// (`configRenderInputKey`), and the discovery refresh renders the same tree again from it with the accounts the
// units hold now.

/** The render options a version was rendered with, except the accounts (and the test-only overrides). */
export type StoredRenderOptions = Omit<RenderOptions, "memberAccounts" | "testing">;

/** Everything `renderAll` needs but the member accounts. */
export interface RenderInput {
  readonly config: ResolvedConfig;
  readonly topology: Topology;
  readonly options: StoredRenderOptions;
}

/** The format of the stored JSON; a change of shape gets a new number. */
export const RENDER_INPUT_FORMAT = 1;

const optionalText = z.string().min(1).optional();

/** The stored JSON: the config as settings and stage (re-resolved when read), the topology, the options. */
const storedSchema = z.strictObject({
  format: z.literal(RENDER_INPUT_FORMAT),
  stage: z.string().min(1),
  settings: z.record(z.string(), z.unknown()),
  topology: z.strictObject({
    app: z.string().min(1),
    stage: z.string().min(1),
    namespace: z.string().min(1),
    grafanaUrl: optionalText,
  }),
  options: z.strictObject({
    runbookUrl: optionalText,
    configRoot: optionalText,
    slackWebhookUrlFile: optionalText,
    ec2Endpoint: optionalText,
    homeAccountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  }),
});

/** The render input as the deploy stores it. */
export type StoredRenderInput = z.infer<typeof storedSchema>;

/** The JSON object stored for a render input (the resolved config minus what resolving adds back). */
export function storedRenderInput(input: RenderInput): StoredRenderInput {
  const { stage, isProduction: _, ...settings } = input.config;
  const { runbookUrl, configRoot, slackWebhookUrlFile, ec2Endpoint, homeAccountId } = input.options;
  const options = { runbookUrl, configRoot, slackWebhookUrlFile, ec2Endpoint, homeAccountId };
  return {
    format: RENDER_INPUT_FORMAT,
    stage,
    settings: settings as Record<string, unknown>,
    topology: { ...input.topology },
    options: Object.fromEntries(
      Object.entries(options).filter(([, v]) => v !== undefined),
    ) as StoredRenderInput["options"],
  };
}

/** The stored text of a render input: pretty JSON, so a person can read it in the console. */
export const renderInputText = (input: RenderInput): string =>
  `${JSON.stringify(storedRenderInput(input), null, 2)}\n`;

/**
 * A render input read back: JSON of the stored shape whose settings the config package validates again.
 * @throws InvalidRenderInputError naming `where` and what is wrong (never a half-read input).
 */
export function parseRenderInput(text: string, where: string): RenderInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidRenderInputError(where, "not JSON", { cause: error });
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? issue.path.join(".") : "(top level)";
    throw new InvalidRenderInputError(where, `${at}: ${issue?.message ?? "invalid"}`, {
      cause: parsed.error,
    });
  }
  const { stage, settings, topology, options } = parsed.data;
  let config: ResolvedConfig;
  try {
    config = resolveConfig(settings as FleetwatchConfig, stage, { file: where });
  } catch (error) {
    const problem =
      error instanceof ConfigError
        ? error.issues.map((i) => `${i.path}: ${i.message}`).join("; ")
        : String((error as Error).message);
    throw new InvalidRenderInputError(where, `settings: ${problem}`, { cause: error });
  }
  return {
    config,
    topology: {
      app: topology.app,
      stage: topology.stage,
      namespace: topology.namespace,
      ...(topology.grafanaUrl ? { grafanaUrl: topology.grafanaUrl } : {}),
    },
    options: Object.fromEntries(
      Object.entries(options).filter(([, v]) => v !== undefined),
    ) as StoredRenderOptions,
  };
}

/** The tree `renderAll` renders from an input and the member accounts: what the deploy and the refresh ship. */
export function renderFromInput(
  input: RenderInput,
  memberAccounts: readonly MemberAccountRef[],
): RenderedTree {
  return renderAll(input.config, input.topology, { ...input.options, memberAccounts });
}
