/** How long texts and lists in intents may be: the schemas' bounds, and the forms' maxlength. */
export const NAME_MAX = 60;
export const TITLE_MAX = 120;
export const QUESTION_MAX = 300;
export const OPTION_TITLE_MAX = 80;
export const OPTION_DESCRIPTION_MAX = 300;
export const OPTIONS_MAX = 12;
export const REASON_MAX = 500;
export const PROPOSAL_MAX = 5000;
export const BUDGET_MAX = 100;
export const DILEMMA_MAX = 280;
export const POLE_MAX = 140;
export const PROMPT_MAX = 300;
export const CLUSTER_TITLE_MAX = 80;
export const DOTS_MAX = 20;
export const PLAN_ITEMS_MAX = 100;
/** Longest a plan item's short fields (theme, owner, …) and long fields (goal, …) may grow. */
export const PLAN_SHORT_MAX = 200;
export const PLAN_LONG_MAX = 2000;
