/* W1: declaration of t shadows a global declaration */
