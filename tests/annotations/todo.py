# verdict: pass
# ruleid: exercise
app.run(debug=True)
# todoruleid: exercise
not_yet_found(debug=True)
# ok: exercise
print("no match")
# todook: exercise
app.run(debug=False)
