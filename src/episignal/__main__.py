from episignal.cli import main

main()
