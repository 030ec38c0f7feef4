Console.WriteLine("DevServer placeholder");
