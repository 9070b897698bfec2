import type { Step, StepKind } from '../../src/lib/model/types.ts';
import type { Handlers } from '../intents/context.ts';
import { consentServer } from './consent/index.ts';
import { dilemmasServer } from './dilemmas/index.ts';
import type { KindIntentType, ServerKind } from './kind.ts';
import { planServer } from './plan/index.ts';
import { pollServer } from './poll/index.ts';
import { questionServer } from './question/index.ts';
import { rankingServer } from './ranking/index.ts';
import { scaleServer } from './scale/index.ts';

/**
 * The server's part of every step kind (see kind.ts). The compiler refuses a kind without an
 * entry here.
 */
export const serverKinds = {
	poll: pollServer,
	consent: consentServer,
	scale: scaleServer,
	dilemmas: dilemmasServer,
	question: questionServer,
	ranking: rankingServer,
	plan: planServer
} satisfies { [K in StepKind]: ServerKind<K> };

/** Every kind's intent handlers, for the intent index. */
export const kindHandlers = Object.assign(
	{},
	...Object.values(serverKinds).map((kind) => kind.handlers)
) as Handlers<KindIntentType<StepKind>>;

/**
 * The server part of a step's kind. TypeScript cannot follow the link between a step's `kind` and
 * the registry's entry through an index; this is the one place that says it holds.
 */
export const serverKindOf = (step: Step): ServerKind<StepKind> =>
	serverKinds[step.kind] as unknown as ServerKind<StepKind>;
