/** The id of the projector's step title (each kind's Screen view renders it): the step's label. */
export const SCREEN_TITLE_ID = 'screen-step-title';
