"""DNA's sample database (DNA 3.0.7, leifeld/dna: sample/sample.dna) rebuilt from its coded
statements, so that the published-value tests run where the original file is not at hand.

The statements, their documents' titles, authors, sources, sections and dates, the spans and the
variables are those of the original (41 statements in 7 documents); the document texts are left
out (each document is a run of spaces as long as its last span needs). The original is read, if
present, by tests/io/test_dna_network.py, which checks that both give the same statements.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.io.dna_builder import DnaBuilder

#: (ID, title, author, source, section, type, date)
DOCUMENTS = [
    (1, '109-876: Bluestein, Joel-BUS-Y', 'Bluestein, Joel', '109', '876', '', dt.date(2005, 1, 26)),
    (2, '109-867: Voinovich, George-CON-R-Y', 'Voinovich, George', '109', '867', '', dt.date(2005, 2, 2)),
    (3, '109-867: Whitman, Christine Todd-GOV-N', 'Whitman, Christine Todd', '109', '867', '', dt.date(2005, 2, 2)),
    (4, '109-1: Callahan, Kateri-NGO-Y', 'Callahan, Kateri', '109', '1', '', dt.date(2005, 2, 10)),
    (5, '109-1: Hamilton, David-NGO-Y', 'Hamilton, David', '109', '1', '', dt.date(2005, 2, 16)),
    (6, '109-1: Nayak, Navin-NGO-Y', 'Nayak, Navin', '109', '1', '', dt.date(2005, 2, 16)),
    (7, '109-1: Slaughter, Bob-BUS-Y', 'Slaughter, Bob', '109', '1', '', dt.date(2005, 2, 16)),
]
#: (ID, statement type ID, document ID, start, stop, person, organization, concept, agreement,
#: note) -- type 1 is 'DNA Statement', type 3 'Annotation'
STATEMENTS = [
    (1, 1, 1, 6351, 7213, 'Joel Bluestein', 'Energy and Environmental Analysis, Inc.', 'CO2 legislation will not hurt the economy.', 0, None),
    (2, 1, 1, 7214, 7727, 'Joel Bluestein', 'Energy and Environmental Analysis, Inc.', 'CO2 legislation will not hurt the economy.', 0, None),
    (3, 1, 1, 8961, 9282, 'Joel Bluestein', 'Energy and Environmental Analysis, Inc.', 'Emissions legislation should regulate CO2.', 0, None),
    (4, 1, 1, 10835, 11052, 'Joel Bluestein', 'Energy and Environmental Analysis, Inc.', 'Emissions legislation should regulate CO2.', 1, None),
    (5, 3, 1, 253, 344, None, None, None, None, 'This is a note. You can use it to insert questions or comments for later revision.'),
    (6, 1, 2, 1257, 1828, 'George Voinovich', 'Senate', 'CO2 legislation will not hurt the economy.', 0, None),
    (7, 1, 2, 5901, 6819, 'George Voinovich', 'Senate', 'There should be legislation to regulate emissions.', 1, None),
    (8, 1, 2, 6820, 8224, 'George Voinovich', 'Senate', 'CO2 legislation will not hurt the economy.', 0, None),
    (9, 1, 2, 11631, 12129, 'George Voinovich', 'Senate', 'Emissions legislation should regulate CO2.', 0, None),
    (10, 1, 2, 12130, 12406, 'George Voinovich', 'Senate', 'There should be legislation to regulate emissions.', 1, None),
    (11, 1, 3, 259, 1109, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (12, 1, 3, 1580, 3643, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (13, 1, 3, 4604, 5337, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (14, 1, 3, 6037, 6965, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (15, 1, 3, 7412, 10129, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (16, 1, 3, 10216, 13300, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (17, 1, 3, 14951, 15858, 'Christine Todd Whitman', 'Environmental Protection Agency', 'CO2 legislation will not hurt the economy.', 0, None),
    (18, 1, 3, 20343, 20909, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (19, 1, 3, 20910, 22164, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (20, 1, 3, 30629, 31330, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (21, 1, 3, 32376, 33538, 'Christine Todd Whitman', 'Environmental Protection Agency', 'There should be legislation to regulate emissions.', 1, None),
    (22, 1, 4, 14870, 16451, 'Kateri Callahan', 'Alliance to Save Energy', 'Emissions legislation should regulate CO2.', 1, None),
    (23, 1, 4, 25468, 26565, 'Kateri Callahan', 'Alliance to Save Energy', 'There should be legislation to regulate emissions.', 1, None),
    (24, 1, 4, 27916, 28443, 'Kateri Callahan', 'Alliance to Save Energy', 'Climate change is caused by greenhouse gases (CO2).', 1, None),
    (25, 1, 4, 36296, 37200, 'Kateri Callahan', 'Alliance to Save Energy', 'Emissions legislation should regulate CO2.', 1, None),
    (26, 1, 5, 1339, 1950, 'David Hamilton', 'Sierra Club', 'Climate change is real and anthropogenic.', 1, None),
    (27, 1, 5, 3487, 3759, 'David Hamilton', 'Sierra Club', 'Emissions legislation should regulate CO2.', 1, None),
    (28, 1, 5, 3929, 4552, 'David Hamilton', 'Sierra Club', 'CO2 legislation will not hurt the economy.', 1, None),
    (29, 1, 5, 11444, 13260, 'David Hamilton', 'Sierra Club', 'Climate change is caused by greenhouse gases (CO2).', 1, None),
    (30, 1, 5, 19731, 21893, 'David Hamilton', 'Sierra Club', 'There should be legislation to regulate emissions.', 1, None),
    (31, 1, 5, 29190, 30034, 'David Hamilton', 'Sierra Club', 'CO2 legislation will not hurt the economy.', 1, None),
    (32, 1, 6, 2931, 3361, 'Navin Nayak', 'U.S. Public Interest Research Group', 'Climate change is real and anthropogenic.', 1, None),
    (33, 1, 6, 11403, 12011, 'Navin Nayak', 'U.S. Public Interest Research Group', 'Climate change is real and anthropogenic.', 1, None),
    (34, 1, 6, 12174, 13102, 'Navin Nayak', 'U.S. Public Interest Research Group', 'CO2 legislation will not hurt the economy.', 1, None),
    (35, 1, 6, 13775, 15155, 'Navin Nayak', 'U.S. Public Interest Research Group', 'Climate change is caused by greenhouse gases (CO2).', 1, None),
    (36, 1, 6, 20903, 21111, 'Navin Nayak', 'U.S. Public Interest Research Group', 'Emissions legislation should regulate CO2.', 1, None),
    (37, 1, 6, 22109, 22237, 'Navin Nayak', 'U.S. Public Interest Research Group', 'Cap and trade is the solution.', 1, None),
    (38, 1, 7, 24191, 25448, 'Bob Slaughter', 'National Petrochemical & Refiners Association', 'CO2 legislation will not hurt the economy.', 0, None),
    (39, 1, 7, 27682, 28566, 'Bob Slaughter', 'National Petrochemical & Refiners Association', 'There should be legislation to regulate emissions.', 0, None),
    (40, 1, 7, 34557, 35545, 'Bob Slaughter', 'National Petrochemical & Refiners Association', 'There should be legislation to regulate emissions.', 0, None),
    (41, 1, 7, 35586, 35941, 'Bob Slaughter', 'National Petrochemical & Refiners Association', 'CO2 legislation will not hurt the economy.', 0, None),
]


def build_sample(path: Path) -> Path:
    """Write the rebuilt sample database at ``path``."""
    with DnaBuilder(path, version="3.0.7") as db:
        for id, title, author, source, section, kind, date in DOCUMENTS:
            stops = [s[4] for s in STATEMENTS if s[2] == id]
            made = db.document(" " * (max(stops, default=0) + 1), title=title, author=author,
                               source=source, section=section, type=kind, date=date)
            assert made == id
        for (id, kind, document, start, stop, person, organization, concept, agreement,
             note) in STATEMENTS:
            if kind == 1:
                made = db.statement(document, start=start, stop=stop, person=person,
                                    organization=organization, concept=concept,
                                    agreement=agreement)
            else:
                made = db.statement(document, start=start, stop=stop, type_id=3, note=note)
            assert made == id
    return path
