namespace Stamina.Worker.Tests.Processes.Sandbox;

/// <summary>
/// A command that tries every way out of its worktree that issue 9 names, and prints <c>FOUND: …</c> for each that
/// works; then does an agent's honest work (a commit in its worktree) and prints <c>committed</c>.
/// Arguments: secret, environment file, stamina.yml, work dir, mirror, a loopback port to reach.
/// </summary>
static class HostileScript
{
    public const string Text = """
        secret=$1 envfile=$2 config=$3 workdir=$4 mirror=$5 port=$6
        found() { echo "FOUND: $*"; }
        readable() { cat "$1" 2>/dev/null | grep -q .; }
        for f in /proc/[0-9]*/environ; do
          if tr '\0' '\n' < "$f" 2>/dev/null | grep -q -e "$secret" -e '^ConnectionStrings__' -e '^Stamina__'; then found "environment of $f"; fi
        done
        for f in "$envfile" "$config" "$HOME/.config/stamina/services.env" /root/.config/stamina/services.env "$HOME/.stamina/stamina.yml" \
                 "$workdir/worktrees/other/theirs.txt" "$HOME/.git-credentials" /root/.git-credentials /etc/shadow /etc/ssh/ssh_host_ed25519_key; do
          if readable "$f"; then found "file $f"; fi
        done
        for d in /root /home "$HOME/.ssh" /root/.ssh "$workdir/worktrees/other"; do
          if ls -A "$d" 2>/dev/null | grep -q .; then found "directory $d"; fi
        done
        if grep -rqs "$secret" "$workdir" /tmp /run; then found "the secret under $workdir, /tmp or /run"; fi
        if git config core.sshCommand 'touch /tmp/pwned' 2>/dev/null; then found "wrote core.sshCommand into the mirror's config"; fi
        if git config url.https://evil.example/.insteadOf https://github.com/ 2>/dev/null; then found "wrote url.insteadOf"; fi
        if git config credential.helper '!cat /etc/passwd' 2>/dev/null; then found "wrote a credential helper"; fi
        if echo 'touch /tmp/pwned' 2>/dev/null > "$mirror/hooks/post-commit"; then found "wrote a hook"; fi
        if echo '* filter=evil' 2>/dev/null > "$mirror/info/attributes"; then found "wrote info/attributes"; fi
        if printf 'gitdir: /tmp/evil\n' 2>/dev/null > .git; then found "redirected the worktree's .git"; fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then found "connected to 127.0.0.1:$port"; fi
        if [ -n "$SSH_AUTH_SOCK" ]; then found "an ssh agent at $SSH_AUTH_SOCK"; fi
        if env | grep -q -e '^GIT_' -e '^ConnectionStrings__' -e '^Stamina__' -e "$secret"; then found "the worker's variables in its own environment"; fi
        if git config --show-origin --get-regexp '^(credential|url)\.' 2>/dev/null | grep -q .; then found "credentials in the git configuration"; fi
        echo work > work.txt && git add work.txt && git -c user.name=agent -c user.email=agent@localhost commit -qm 'agent work' && echo committed
        """;

    public static string[] Command(SandboxWorld world, int port) =>
        ["bash", "-c", Text, "hostile", world.Secret, world.EnvironmentFile, world.ConfigFile, world.WorkDir, world.Mirror, port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
