# verdict: unexpected any-run 3; unexpected any-run 5; mismatch found=any-run
# ruleid: exercise
app.run(debug=True)
# ok: exercise
app.run(debug=False)
