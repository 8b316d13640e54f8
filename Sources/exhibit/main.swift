import Exhibit

print("exhibit: not yet wired")
