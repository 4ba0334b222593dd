import sys

from roadmaps.cli.main import main

sys.exit(main())
