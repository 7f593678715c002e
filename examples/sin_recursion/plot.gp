# gnuplot -c plot.gp DATA.csv OUT.png : f and f' of the sin recursion.
set terminal pngcairo size 900,560 font ",11"
set output ARG2
set datafile separator ","
set key autotitle columnhead top left
set title "f(x): y = sin(y + x), 100 times, and its derivative from f\\_grad"
set xlabel "x"
set grid
set xzeroaxis
plot ARG1 using 1:2 with lines lw 2 title "f(x)", \
     ARG1 using 1:3 with lines lw 2 title "f'(x) (f\\_grad)", \
     ARG1 every 10 using 1:4 with points pt 6 ps 0.8 title "central differences"
