# verdict: missed exercise 3; unexpected my-rule 3; mismatch annotated=exercise found=my-rule
# ruleid: exercise
app.run(debug=True)
# ok: exercise
app.run(debug=False)
