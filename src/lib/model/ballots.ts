import type { ConsentBallot, PollBallot, PollStep } from './types.ts';

/** Why a ballot does not fit its poll; the server answers it as 422. */
export interface BallotProblem {
	code: 'wrong_ballot' | 'unknown_option' | 'over_budget' | 'no_points' | 'reason_required';
	message: string;
}

/**
 * Checks a ballot against the poll it is for: its shape matches the poll's mode, it names only
 * the poll's options, and in points mode it stays within the budget. Shared by the phone (which
 * refuses before sending) and the server (which decides).
 */
export function checkPollBallot(
	step: Pick<PollStep, 'mode' | 'options' | 'budget'>,
	ballot: PollBallot
): BallotProblem | undefined {
	const known = new Set(step.options.map((o) => o.id));
	const unknown = (id: string): BallotProblem | undefined =>
		known.has(id)
			? undefined
			: { code: 'unknown_option', message: `This poll has no option "${id.slice(0, 64)}".` };
	const wrong = (expected: string): BallotProblem => ({
		code: 'wrong_ballot',
		message: `This poll expects ${expected}.`
	});
	switch (step.mode) {
		case 'single':
			return 'choice' in ballot ? unknown(ballot.choice) : wrong('a choice');
		case 'nowDesired':
			return 'now' in ballot
				? (unknown(ballot.now) ?? unknown(ballot.desired))
				: wrong('now and desired');
		case 'points': {
			if (!('points' in ballot)) return wrong('points');
			let sum = 0;
			for (const [id, points] of Object.entries(ballot.points)) {
				const problem = unknown(id);
				if (problem) return problem;
				sum += points;
			}
			if (sum > step.budget) {
				return {
					code: 'over_budget',
					message: `${sum} points is more than the ${step.budget} to divide.`
				};
			}
			return sum === 0 ? { code: 'no_points', message: 'Give at least one point.' } : undefined;
		}
	}
}

/** An objection needs a reason; a concern may have one. */
export function checkConsentBallot(ballot: ConsentBallot): BallotProblem | undefined {
	return ballot.answer === 'objection' && ballot.reason.trim() === ''
		? { code: 'reason_required', message: 'An objection needs a reason.' }
		: undefined;
}
