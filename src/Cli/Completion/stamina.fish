# fish completion for stamina. Load it with:  stamina completion fish | source
# or save it as ~/.config/fish/completions/stamina.fish
# The words come from stamina itself: System.CommandLine's [suggest:POSITION] directive completes the
# line up to the cursor, so the script never goes stale when commands or options change.
function __stamina_complete
    set -l line (commandline -cp)
    command stamina "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
end
complete -c stamina -f -a '(__stamina_complete)'
