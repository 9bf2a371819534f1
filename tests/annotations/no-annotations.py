# verdict: unexpected exercise 3
# A test file without annotations: every finding is unexpected.
app.run(debug=False)
