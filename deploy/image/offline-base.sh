#!/usr/bin/env bash
# Assembles a JRE 17 base image without a registry or a Docker engine, from the Debian
# packages installed on this machine: openjdk-17-jre-headless and everything it depends on,
# in one layer, written in `docker save` form so Jib can use it as `tar://<file>`.
#
#   deploy/image/offline-base.sh target/offline-base.tar
#
# It stands in for the pinned Temurin base (gateway/pom.xml) only where no registry can be
# reached, to prove the image Jib makes from our configuration (verify-image.sh). Never ship it.
set -euo pipefail

out=${1:?usage: offline-base.sh OUTPUT.tar}
jre_package=openjdk-17-jre-headless
java_home=/usr/lib/jvm/java-17-openjdk-amd64

dpkg-query -W -f='${Status}' "$jre_package" 2>/dev/null | grep -q 'install ok installed' ||
    { echo "offline-base: $jre_package is not installed (apt-get install $jre_package)" >&2; exit 1; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# The installed Pre-Depends/Depends closure: for each dependency the first installed alternative,
# or an installed package that provides it.
closure() {
    local -A seen=()
    local queue=("$1") package dependency alternative name provider
    while ((${#queue[@]})); do
        package=${queue[0]}
        queue=("${queue[@]:1}")
        [[ -n ${seen[$package]:-} ]] && continue
        installed "$package" || continue
        seen[$package]=1
        IFS=',' read -ra dependencies <<<"$(dpkg-query -W -f='${Pre-Depends}, ${Depends}' "$package")"
        for dependency in "${dependencies[@]}"; do
            IFS='|' read -ra alternatives <<<"$dependency"
            for alternative in "${alternatives[@]}"; do
                name=$(sed -E 's/\(.*\)//; s/:any//; s/^ +//; s/ +$//' <<<"$alternative")
                [[ -z $name ]] && continue
                if installed "$name"; then queue+=("$name"); break; fi
                provider=$(dpkg-query -W -f='${Package} ${Provides}\n' |
                    awk -v want="$name" '{ for (i = 2; i <= NF; i++) { p = $i; sub(/,$/, "", p); if (p == want) { print $1; exit } } }')
                if [[ -n $provider ]]; then queue+=("$provider"); break; fi
            done
        done
    done
    printf '%s\n' "${!seen[@]}" | sort
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"/{etc,tmp,usr/bin,usr/lib,usr/lib64,usr/sbin}
chmod 1777 "$rootfs/tmp"
# Debian 12 has a merged /usr: keep it so, and copy every file under its /usr name.
for dir in bin lib lib64 sbin; do ln -s "usr/$dir" "$rootfs/$dir"; done

closure "$jre_package" >"$work/packages"
# Files only (directories come with them), without documentation; /lib/x -> /usr/lib/x.
xargs dpkg -L <"$work/packages" |
    grep -vE '^/usr/share/(doc|man|info|lintian|locale)/' |
    while read -r path; do [[ -d $path && ! -L $path ]] || echo "$path"; done |
    sed -E 's#^/(bin|lib|lib64|sbin)/#/usr/\1/#' | sort -u >"$work/files"
tar -C / --no-recursion -cf - -T "$work/files" 2>/dev/null | tar -C "$rootfs" -xf -

# Made by maintainer scripts, so dpkg -L does not list them: the CA bundles (the JRE's cacerts
# is a link into /etc/ssl/certs/java) and the dynamic linker's cache.
cp -a /etc/ssl/certs "$rootfs/etc/ssl/"
ldconfig -r "$rootfs"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/usr/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"

# One layer, byte-for-byte the same for the same packages.
image=$work/image
mkdir -p "$image"
tar -C "$rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$image/layer.tar" .
diff_id=sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
jq -n --arg diff_id "$diff_id" --arg java_home "$java_home" '{
    architecture: "amd64", os: "linux",
    config: { Env: ["PATH=\($java_home)/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "JAVA_HOME=\($java_home)"] },
    rootfs: { type: "layers", diff_ids: [$diff_id] },
    history: [{ created: "1970-01-01T00:00:00Z", created_by: "deploy/image/offline-base.sh" }]
}' >"$image/config.json"
jq -n '[{ Config: "config.json", RepoTags: ["sessiongate-offline-base:17"], Layers: ["layer.tar"] }]' >"$image/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$image" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out" manifest.json config.json layer.tar
echo "offline-base: $out ($(wc -l <"$work/packages") packages, $(du -h "$out" | cut -f1))"
