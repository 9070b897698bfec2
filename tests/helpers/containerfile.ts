import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Just enough of the Containerfile format (and of .dockerignore's) for the deploy tests to check
 * deploy/Containerfile and to run its commands outside a container, where no registry can be
 * pulled from to build it for real.
 * @see https://docs.docker.com/reference/dockerfile/
 */

export interface Instruction {
	/** Upper case: FROM, RUN, COPY, … */
	keyword: string;
	/** The rest of the line, continuation lines joined. */
	args: string;
}

export interface Stage {
	/** The image it starts from, with build arguments filled in. */
	from: string;
	/** `FROM … AS name`; the last stage, the image itself, may have none. */
	name?: string;
	instructions: Instruction[];
}

export interface Containerfile {
	/** `ARG NAME=default` before the first FROM. */
	args: Record<string, string>;
	stages: Stage[];
}

export function parseContainerfile(text: string): Containerfile {
	const lines = text
		.replace(/\\\n/g, ' ')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'));
	const args: Record<string, string> = {};
	const stages: Stage[] = [];
	for (const line of lines) {
		const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
		const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
		if (instruction.keyword === 'FROM') {
			const [image = '', , name] = instruction.args.split(' ');
			const from = image.replace(/\$\{(\w+)\}/g, (_, arg: string) => args[arg] ?? '');
			stages.push({ from, name, instructions: [] });
		} else if (stages.length === 0 && instruction.keyword === 'ARG') {
			const [name = '', value = ''] = instruction.args.split('=');
			args[name] = value;
		} else {
			stages.at(-1)?.instructions.push(instruction);
		}
	}
	return { args, stages };
}

/** The instructions of one kind in a stage. */
export const instructionsOf = (stage: Stage, keyword: string): string[] =>
	stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** `ENV A=1 B=2` instructions of a stage as one record. */
export function envOf(stage: Stage): Record<string, string> {
	const env: Record<string, string> = {};
	for (const line of instructionsOf(stage, 'ENV')) {
		for (const pair of line.split(' ')) {
			const [name = '', value = ''] = pair.split('=');
			env[name] = value;
		}
	}
	return env;
}

/** An exec-form command (`CMD ["node", "…"]`), with options such as HEALTHCHECK's before it. */
export function execForm(args: string): string[] {
	const json = args.slice(args.indexOf('['));
	return JSON.parse(json) as string[];
}

/**
 * The files of `root` a build sends as its context under the ignore file `ignore`: each line a
 * pattern (`*` within a path segment, `**` across them), a `!` line taking back an exclusion,
 * the last matching line deciding, a directory's lines counting for what is inside it.
 */
export function contextFiles(root: string, ignore: string): string[] {
	const rules = ignore
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'))
		.map((line) => {
			const include = line.startsWith('!');
			const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
			const source = pattern
				.split('/')
				.map((part) =>
					part === '**'
						? '.*'
						: part
								.replace(/[.+^${}()|[\]\\]/g, '\\$&')
								.replace(/\*/g, '[^/]*')
								.replace(/\?/g, '[^/]')
				)
				.join('/')
				.replace(/\.\*\//g, '(?:.*/)?');
			return { include, pattern: new RegExp(`^${source}$`) };
		});
	const excluded = (path: string): boolean => {
		const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
		let out = false;
		for (const rule of rules) {
			if (prefixes.some((prefix) => rule.pattern.test(prefix))) out = !rule.include;
		}
		return out;
	};
	const files: string[] = [];
	const walk = (dir: string): void => {
		for (const entry of readdirSync(join(root, dir))) {
			const path = dir ? `${dir}/${entry}` : entry;
			const stat = lstatSync(join(root, path));
			if (stat.isDirectory()) walk(path);
			else if (!excluded(path)) files.push(path);
		}
	};
	walk('');
	return files.sort();
}
