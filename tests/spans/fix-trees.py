def handler(a, b, c):
    legacy(a + b, c)
    legacy(not a, other_name)
    legacy(  spaced ,  other  )
    legacy(f(1,2), a or b)
