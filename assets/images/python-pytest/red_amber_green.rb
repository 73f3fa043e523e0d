# Traffic light for warmpool/python-pytest (python3 -m pytest).
# Amber: the tests could not be collected or run, e.g.
#   _____ ERROR collecting test_hiker.py _____   (SyntaxError, ImportError ...)
#   === 1 error in 0.05s ===   /   no tests ran in 0.01s
# or a test failed because the code does not even hold together (a name,
# attribute or syntax error raised while the test ran).
# Green: status 0 and "N passed". Red: "N failed". Anything else: amber.
lambda { |stdout, stderr, status|
  output = stdout + stderr
  return :amber if /ERROR collecting|=+ ERRORS =+|Interrupted: \d+ errors?/.match(output)
  return :amber if /^=+ (.*, )?\d+ errors? .*=+$/.match(output)
  return :amber if /no tests ran/.match(output)
  return :amber if /^E +(SyntaxError|IndentationError|ImportError|ModuleNotFoundError|NameError|UnboundLocalError|AttributeError): /.match(output)
  return :green if status.to_i == 0 && /\d+ passed/.match(output)
  return :red if /\d+ failed/.match(output)
  :amber
}
