"""What an analyst asks first of the seed debate: who is in it, who stands where, who agrees.

Run from anywhere: ``python examples/quickstart.py``.
"""

from pathlib import Path

import stancegraph as sg

HERE = Path(__file__).parent


def main() -> None:
    g = sg.load(HERE / "nato_2022.yaml")
    print(g)

    print("\nStates in the debate:")
    print("  " + ", ".join(a.name for a in sg.actors(g, "State")))

    print("\nWho opposes abandoning the NATO-Russia Founding Act?")
    for stance in sg.stances(g, target="abandon-founding-act", relation="opposes"):
        print(f"  {stance.holder} ({stance.attribution}, {sg.stance_date(g, stance)}): "
              f"{stance.quote}")

    print("\nWho doubts that Putin is serious about negotiating (rolled up to states)?")
    doubters = sg.holders(g, "putin-serious-about-negotiating", "skeptical-of")
    print("  " + ", ".join(a for a in doubters if g.node(a).type == "State"))

    print("\nGermany's stances, including those its chancellor and his spokesman voiced:")
    for e in sg.effective_stances(g, holder="germany"):
        via = f"  (via {' -> '.join(e.path)})" if e.derived else ""
        print(f"  {e.relation} {e.target}{via}")

    print("\nHow close do pairs of allies stand? (score from -1 to 1 on shared targets)")
    for a, b in [("france", "germany"), ("united-kingdom", "poland"),
                 ("france", "united-kingdom"), ("germany", "poland")]:
        result = sg.agreement(g, a, b)
        print(f"  {a} / {b}: score {result.score:+.2f}; same on {', '.join(result.same) or '-'};"
              f" opposite on {', '.join(result.opposite) or '-'}")

    print("\nRetracted statements:")
    for stance in g.stances:
        if stance.retracted:
            print(f"  {stance.holder} {stance.relation} {stance.target}: {stance.note}")

    print("\nThe camps, found from the stances alone:")
    result = sg.coalitions(g)
    for i, camp in enumerate(result.coalitions, start=1):
        print(f"  {i}. {', '.join(camp.members)}")
    for a, b, divides in result.divides:
        print(f"  {a + 1} vs {b + 1} divided over: {', '.join(d.target for d in divides[:4])}")
    print(f"  Stands apart from central and eastern Europe: "
          f"{', '.join(o.actor for o in sg.outliers(g, 'central-eastern-europe'))}")

    before = sg.as_of(g, "2022-03-25")
    print(f"\nOn 2022-03-25 the debate held {len(before.stances)} of its "
          f"{len(g.stances)} stances.")


if __name__ == "__main__":
    main()
