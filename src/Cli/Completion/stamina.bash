# bash completion for stamina. Load it with:  source <(stamina completion bash)
# or save it as ~/.local/share/bash-completion/completions/stamina
# The words come from stamina itself: System.CommandLine's [suggest:POSITION] directive completes the
# line up to the cursor, so the script never goes stale when commands or options change.
_stamina_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\n'
    local -a candidates
    mapfile -t candidates < <(command stamina "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
    mapfile -t COMPREPLY < <(compgen -W "${candidates[*]}" -- "$cur")
}
complete -o default -F _stamina_complete stamina
