"""What a wording says: the numbers written in it and the ways a day is written, read without the models.

``numbers`` reads every whole number a few words give ("360 injuries", "500,000 rubles", "six",
"nearly three"); ``dates`` says whether a given day, month or year is written in a text ("March 22",
"22 March 2024", "2024-03-22"). The checks use them to hold a figure's value to its wording and a date
marked *stated* to its evidence.
"""
