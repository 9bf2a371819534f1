# verdict: mismatch found=any-start
# A todook names no id: any-start is found here, but no ruleid/ok names it.
# ruleid: exercise
app.run(debug=True)
# todook: any-start
app.start()
