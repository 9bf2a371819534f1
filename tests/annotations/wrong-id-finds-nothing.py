# verdict: missed exercise 3
# ruleid: exercise
app.run(debug=True)
# ok: exercise
app.run(debug=False)
