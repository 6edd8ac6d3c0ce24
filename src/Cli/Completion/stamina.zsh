#compdef stamina
# zsh completion for stamina. Load it with:  source <(stamina completion zsh)
# or save it as _stamina in a directory of your $fpath.
# The words come from stamina itself: System.CommandLine's [suggest:POSITION] directive completes the
# line up to the cursor, so the script never goes stale when commands or options change.
_stamina() {
    local line="${(j: :)words[1,CURRENT]}"
    local -a candidates
    candidates=("${(@f)$(command stamina "[suggest:${#line}]" "$line" 2>/dev/null)}")
    compadd -a -- candidates
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _stamina "$@"
else
    (( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
    compdef _stamina stamina
fi
