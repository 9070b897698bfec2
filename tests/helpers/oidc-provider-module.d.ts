/**
 * The little of oidc-provider's API the test provider uses (the package ships no types; see
 * tests/helpers/oidc-provider.ts). Loose where the tests do not look.
 */
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	interface Grant {
		addOIDCScope(scope: string): void;
		save(): Promise<string>;
	}

	interface GrantConstructor {
		new (properties: { clientId: string; accountId: string }): Grant;
		find(id: string): Promise<Grant | undefined>;
	}

	export interface KoaContextWithOIDC {
		type: string;
		body: unknown;
		oidc: {
			provider: Provider;
			client?: { clientId: string };
			session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
			result?: { consent?: { grantId?: string } };
		};
	}

	interface Account {
		accountId: string;
		claims(): Record<string, unknown>;
	}

	interface Interaction {
		uid: string;
		prompt: { name: string };
	}

	export interface Configuration {
		clients?: Record<string, unknown>[];
		pkce?: { required?: () => boolean };
		jwks?: { keys: Record<string, unknown>[] };
		cookies?: { keys?: string[] };
		claims?: Record<string, string[]>;
		features?: Record<string, { enabled: boolean }>;
		interactions?: { url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => string };
		findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Account | undefined;
		loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
		adapter?: new (model: string) => unknown;
		ttl?: Record<string, number>;
		renderError?: (
			ctx: KoaContextWithOIDC,
			out: { error: string; error_description?: string },
			error: Error
		) => void;
	}

	export default class Provider {
		constructor(issuer: string, configuration?: Configuration);
		readonly Grant: GrantConstructor;
		callback(): (req: IncomingMessage, res: ServerResponse) => void;
		interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
		interactionFinished(
			req: IncomingMessage,
			res: ServerResponse,
			result: Record<string, unknown>,
			options?: { mergeWithLastSubmission?: boolean }
		): Promise<void>;
	}
}
