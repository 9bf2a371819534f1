# verdict: unexpected exercise 2; missed exercise 3; unexpected exercise 4; missed exercise 5
# ruleid: exercise
app.run(debug=True)
# ruleid: exercise
app.run(port=1, debug=True)
# ok: exercise
app.run(debug=False)
