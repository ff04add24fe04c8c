from sourcefirst.cli import main

main()
