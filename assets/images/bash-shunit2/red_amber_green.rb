# Traffic light for warmpool/bash-shunit2 (bash + Debian's shunit2 2.1.8).
# Amber: bash could not parse or run the code, e.g.
#   ./hiker.sh: line 5: 6 * 9sd: value too great for base (error token is "9sd")
#   ./hiker.sh: line 4: syntax error near unexpected token `}'
#   ./hiker.sh: line 7: syntax error: unexpected end of file
#   ./hiker.sh: line 3: ecoh: command not found
# Red: shunit2 says FAILED (an ASSERT failed; shunit2 then also reports
# "shunit2:ERROR test_...() returned non-zero return code", which is not amber).
# Green: shunit2 says OK and the status is 0. Anything else: amber.
# Colour codes (SHUNIT_COLOR=always) are ignored.
lambda { |stdout, stderr, status|
  plain = lambda { |text| text.gsub(/\e\[[0-9;]*m/, '') }
  out = plain.call(stdout)
  err = plain.call(stderr)
  return :amber if /syntax error|unexpected end of file|command not found|value too great for base|bad substitution|unbound variable|No such file or directory/.match(err)
  return :red if /^FAILED \(/.match(out)
  return :green if status.to_i == 0 && /^OK$/.match(out)
  :amber
}
