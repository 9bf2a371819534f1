# verdict: pass
# A file whose only annotation is a todook names no id, so semgrep --test
# compares no ids; the finding on the todook line is not counted.
# todook: exercise
app.run(debug=False)
