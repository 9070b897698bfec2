import type { Locale, PlanScale, PlanStatus, PlanTextField } from '../model/types.ts';
import { m } from '../paraglide/messages.js';

type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/** Every field of a plan item, in the order of the form, the table and the exports. */
export const PLAN_FIELDS = [
	'theme',
	'goal',
	'result',
	'approach',
	'coreTeam',
	'owner',
	'ambassador',
	'intensity',
	'scale',
	'quarters',
	'decisionMoment',
	'regions',
	'communication',
	'status',
	'source'
] as const satisfies readonly (PlanTextField | string)[];
export type PlanField = (typeof PLAN_FIELDS)[number];

export const fieldLabel: Record<PlanField, Message> = {
	theme: m.field_theme,
	goal: m.field_goal,
	result: m.field_result,
	approach: m.field_approach,
	coreTeam: m.field_coreTeam,
	owner: m.field_owner,
	ambassador: m.field_ambassador,
	intensity: m.field_intensity,
	scale: m.field_scale,
	quarters: m.field_quarters,
	decisionMoment: m.field_decisionMoment,
	regions: m.field_regions,
	communication: m.field_communication,
	status: m.field_status,
	source: m.field_source
};

export const scaleLabel: Record<PlanScale, Message> = {
	gemeente: m.scale_gemeente,
	regio: m.scale_regio,
	bovenregionaal: m.scale_bovenregionaal
};

export const statusLabel: Record<PlanStatus, Message> = {
	plan: m.pdca_plan,
	do: m.pdca_do,
	check: m.pdca_check,
	act: m.pdca_act
};
