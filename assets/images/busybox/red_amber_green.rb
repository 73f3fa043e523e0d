# Traffic light for warmpool/busybox (busybox ash, no test framework).
# Amber: the shell could not parse or run the code. busybox ash reports, e.g.
#   ./hiker.sh: line 3: syntax error: unexpected "fi"
#   ./hiker.sh: line 5: syntax error: unexpected end of file (expecting "}")
#   sh: arithmetic syntax error            ($(( 6 * 9sd )))
#   ./hiker.sh: line 2: ecoh: not found    (a mistyped command)
# Green: the tests exited with status 0. Red: anything else.
lambda { |stdout, stderr, status|
  return :amber if /syntax error|: not found$/.match(stderr)
  return :green if status.to_i == 0
  :red
}
